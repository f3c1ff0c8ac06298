const { hooks, pageHooks } = require('../../utils/hooks')

Page({
  ...hooks('a', pageHooks),
  data: { name: 'a' },
})
