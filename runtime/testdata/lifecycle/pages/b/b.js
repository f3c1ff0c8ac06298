const { hooks, pageHooks } = require('../../utils/hooks')

Page({
  ...hooks('b', pageHooks),
  data: { name: 'b' },
})
