// Tiny Shop: the app instance. ES module imports and CommonJS require are
// mixed on purpose; the bundle compiler turns both into require calls.
import store from './utils/store.js'

const config = require('config.js') // legacy bare form: resolved next to app.js
const tinyDate = require('tiny-date') // from miniprogram_npm/

App({
  globalData: {
    appName: 'Tiny Shop',
    version: config.version,
    userInfo: null,
    launchedAt: '',
    scene: 0,
    launchPath: '',
    launchQuery: {},
    // Cart size mirrored for pages that only need the badge.
    cartCount: 0,
    // The coupon the user picked, from packageB or from the coupon center app:
    // {id, title, discount, minSpend}.
    coupon: null,
    // {appId, extraData} of the mini program that opened us or that we came back from.
    referrer: null,
    errors: []
  },

  onLaunch(options) {
    console.log(`[app] onLaunch path=${options.path} scene=${options.scene}`)
    const { globalData } = this
    globalData.launchedAt = tinyDate.format(Date.now(), 'YYYY-MM-DD HH:mm:ss')
    globalData.scene = options.scene
    globalData.launchPath = options.path
    globalData.launchQuery = options.query || {}

    // getLaunchOptionsSync returns the same object onLaunch received.
    const launch = wx.getLaunchOptionsSync()
    if (launch.path !== options.path) {
      console.warn('[app] launch options disagree:', launch.path, options.path)
    }

    // A share link or QR code may carry a coupon: ?coupon=C10
    if (globalData.launchQuery.coupon) {
      globalData.coupon = { id: globalData.launchQuery.coupon, title: 'Coupon from link', discount: 0, minSpend: 0 }
    }

    store.subscribe(() => {
      globalData.cartCount = store.count
    })

    console.log(`[app] ${globalData.appName} v${config.version} (tiny-date ${tinyDate.version}) env=${config.env}`)
  },

  onShow(options) {
    const enter = wx.getEnterOptionsSync()
    console.log(`[app] onShow scene=${enter.scene}`)
    const referrer = options.referrerInfo
    if (referrer && referrer.appId) {
      this.globalData.referrer = { appId: referrer.appId, extraData: referrer.extraData || {} }
    }
    // Coming back from the coupon center (scene 1038) with the coupon the user chose.
    const coupon = referrer?.extraData?.coupon
    if (coupon) {
      console.log(`[app] coupon ${coupon.id} received from ${referrer.appId}`)
      this.globalData.coupon = coupon
    }
  },

  onHide() {
    console.log(`[app] onHide, cart has ${store.count} item(s)`)
  },

  onError(msg) {
    this.globalData.errors.push(String(msg))
    console.error('[app] onError:', msg)
  },

  onPageNotFound(res) {
    console.warn('[app] page not found:', res.path)
    // The home page is a tab page: reLaunch works for it, navigateTo would not.
    wx.reLaunch({ url: '/pages/index/index' })
  },

  onUnhandledRejection({ reason }) {
    const message = (reason && reason.message) || String(reason)
    this.globalData.errors.push('unhandled rejection: ' + message)
    console.warn('[app] unhandled rejection:', message)
  },

  /** True if url points at one of the tabBar pages (those need wx.switchTab). */
  isTabPage(url) {
    const path = '/' + String(url).replace(/^\//, '').split('?')[0]
    return config.tabPages.includes(path)
  }
})
