// Static configuration of the shop. Plain CommonJS on purpose: app.js loads
// it with the legacy bare form require('config.js'), which the base library
// resolves relative to the requiring file.

module.exports = {
  env: 'develop',
  version: '1.4.0',

  // Where the real backend will live once services/api.js switches to wx.request.
  apiBase: 'https://api.shop.example.com/v1',

  currency: '¥',

  // Simulated backend latency of services/api.js, in milliseconds.
  mockLatencyMs: 300,

  // Orders at or above this total (in cents) ship for free.
  freeShippingThreshold: 9900,
  shippingFee: 800,

  flashSale: {
    // The countdown on the home page stops itself after this many ticks.
    ticks: 5,
    // Shortened from the usual 1000 ms so that a headless idle run ends quickly.
    tickMs: 200
  },

  // The coupon center mini program (listed in navigateToMiniProgramAppIdList).
  couponsAppId: 'wxcoupons00000001',

  // Keep in sync with the tabBar list in app.json.
  tabPages: ['/pages/index/index', '/pages/cart/cart', '/pages/mine/mine']
}
