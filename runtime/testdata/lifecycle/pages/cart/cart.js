const { hooks, pageHooks } = require('../../utils/hooks')

Page({
  ...hooks('cart', pageHooks),
  data: { name: 'cart' },
})
