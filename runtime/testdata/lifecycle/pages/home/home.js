const { hooks, pageHooks } = require('../../utils/hooks')

Page({
  ...hooks('home', pageHooks),
  data: { name: 'home' },
})
