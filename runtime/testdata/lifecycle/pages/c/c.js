const { hooks, pageHooks } = require('../../utils/hooks')

Page({
  ...hooks('c', pageHooks),
  data: { name: 'c' },
})
