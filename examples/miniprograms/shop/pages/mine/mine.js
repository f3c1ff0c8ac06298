// "Me" (tabBar): launch info, the selected coupon, entry to the coupon list.
import store from '../../utils/store.js'
import { formatPrice, badgeText } from '../../utils/format.js'

const config = require('../../config.js')

Page({
  data: {
    nickname: 'Guest',
    version: '',
    launchedAt: '',
    scene: 0,
    launchPath: '',
    coupon: null,
    couponText: 'No coupon selected',
    cartBadge: '',
    stackDepth: 0,
    couponCenterHint: ''
  },

  onLoad() {
    const launch = wx.getLaunchOptionsSync()
    const { globalData } = getApp()
    this.setData({
      version: globalData.version,
      launchedAt: globalData.launchedAt,
      scene: launch.scene,
      launchPath: launch.path
    })
  },

  onShow() {
    const { globalData } = getApp()
    const coupon = globalData.coupon
    this.setData({
      nickname: globalData.userInfo ? globalData.userInfo.nickName : 'Guest',
      coupon,
      couponText: coupon ? `${coupon.title} (${formatPrice(coupon.discount)} off)` : 'No coupon selected',
      cartBadge: badgeText(store.count),
      stackDepth: getCurrentPages().length
    })
  },

  /** bindtap on "My coupons"; no dataset. Opens the subpackage page. */
  onOpenCoupons() {
    wx.navigateTo({ url: '/packageB/pages/coupons/coupons' })
  },

  /** bindtap on "Coupon center"; no dataset. */
  onOpenCouponCenter() {
    // Opens the coupon center mini program (in navigateToMiniProgramAppIdList);
    // the chosen coupon comes back in App.onShow(options.referrerInfo.extraData).
    wx.navigateToMiniProgram({
      appId: config.couponsAppId,
      path: 'pages/index/index?from=shop',
      extraData: { cartTotal: store.total, from: 'shop' },
      envVersion: 'release',
      success: () => this.setData({ couponCenterHint: '' }),
      fail: (err) => this.setData({ couponCenterHint: `Coupon center unavailable: ${err.errMsg}` })
    })
  },

  /** bindtap on the selected coupon's "×"; no dataset. */
  onClearCoupon() {
    getApp().globalData.coupon = null
    this.setData({ coupon: null, couponText: 'No coupon selected' })
  }
})
