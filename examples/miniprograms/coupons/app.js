// Coupon Center: opened by the shop with navigateToMiniProgram, which passes
// {cartTotal, from} in referrerInfo.extraData. Also works when opened alone.
const { SHOP_APPID } = require('./utils/catalog.js')

App({
  globalData: {
    // appId of the mini program that opened us, or null when opened directly.
    openedBy: null,
    extraData: {},
    // Ids of coupons the user picked during this session.
    used: []
  },

  onLaunch(options) {
    console.log(`[coupons] onLaunch path=${options.path} scene=${options.scene}`)
    this.remember(options.referrerInfo)
  },

  onShow(options) {
    this.remember(options.referrerInfo)
    const who = this.globalData.openedBy === SHOP_APPID ? 'the shop' : this.globalData.openedBy || 'nobody'
    console.log(`[coupons] onShow scene=${options.scene}, opened by ${who}`)
  },

  onHide() {
    console.log('[coupons] onHide')
  },

  onError(msg) {
    console.error('[coupons] onError: ' + msg)
  },

  remember(referrerInfo) {
    this.globalData.openedBy = referrerInfo?.appId || null
    this.globalData.extraData = referrerInfo?.extraData ?? {}
  }
})
