// Coupon list. Reads the opener's extraData ({cartTotal, from}) from the
// enter options and marks which coupons the shop's cart qualifies for.
const { SHOP_APPID, withEligibility, findCoupon, formatYuan } = require('../../utils/catalog.js')

function delay(ms) {
  return new Promise((r) => setTimeout(r, ms))
}

Page({
  data: {
    loading: true,
    fromShop: false,
    openedBy: '',
    cartTotal: 0,
    cartTotalText: '',
    coupons: [],
    usedCouponId: '',
    message: ''
  },

  async onLoad(query) {
    const enter = wx.getEnterOptionsSync()
    const extra = enter.referrerInfo?.extraData ?? {}
    console.log(`[coupons/index] onLoad from=${query.from || '-'} extraData=${JSON.stringify(extra)}`)
    this.applyReferrer(enter.referrerInfo)

    // Stand-in for fetching the user's claimable coupons from a server.
    await delay(300)
    this.setData({
      loading: false,
      coupons: withEligibility(this.data.cartTotal)
    })
    const eligible = this.data.coupons.filter((c) => c.eligible).length
    console.log(`[coupons/index] ${eligible} of ${this.data.coupons.length} coupon(s) usable`)
    if (!this.data.fromShop) {
      console.warn('[coupons/index] not opened by the shop; coupons are shown for browsing only')
    }
  },

  onShow() {
    // Enter options change when the shop opens us again while we are in the background.
    const enter = wx.getEnterOptionsSync()
    const before = this.data.cartTotal
    this.applyReferrer(enter.referrerInfo)
    if (!this.data.loading && this.data.cartTotal !== before) {
      this.setData({ coupons: withEligibility(this.data.cartTotal), usedCouponId: '' })
    }
  },

  applyReferrer(referrerInfo) {
    const openedBy = referrerInfo?.appId ?? ''
    const cartTotal = Number(referrerInfo?.extraData?.cartTotal ?? 0) || 0
    this.setData({
      openedBy,
      fromShop: openedBy === SHOP_APPID,
      cartTotal,
      cartTotalText: formatYuan(cartTotal)
    })
  },

  /** bindtap on "Use"; dataset: {id} (e.g. "CC5"). */
  onUseCoupon(e) {
    const { id } = e.currentTarget.dataset
    const index = this.data.coupons.findIndex((c) => c.id === id)
    const coupon = findCoupon(id)
    if (index < 0 || !coupon) {
      console.warn('[coupons/index] unknown coupon ' + id)
      return
    }
    if (!this.data.coupons[index].eligible) {
      this.setData({ message: `${coupon.title}: your cart is below ${formatYuan(coupon.minSpend)}` })
      return
    }
    getApp().globalData.used.push(id)
    this.setData({
      usedCouponId: id,
      [`coupons[${index}].used`]: true,
      message: this.data.fromShop ? `${coupon.title} will be applied to your order` : `${coupon.title} claimed`
    })

    // Hand the coupon back to the shop; it receives it in
    // App.onShow(options.referrerInfo.extraData).
    if (this.data.fromShop) {
      wx.navigateBackMiniProgram({
        extraData: {
          coupon: {
            id: coupon.id,
            title: coupon.title,
            discount: coupon.discount,
            minSpend: coupon.minSpend
          }
        },
        fail(err) {
          console.warn('[coupons/index] navigateBackMiniProgram failed: ' + err.errMsg)
        }
      })
    }
  },

  /** bindtap on "Rules"; dataset: {id}. */
  onOpenRules(e) {
    const { id } = e.currentTarget.dataset
    const coupon = findCoupon(id)
    if (!coupon) return
    wx.navigateTo({
      url: `/pages/rules/rules?id=${encodeURIComponent(id)}&title=${encodeURIComponent(coupon.title)}`
    })
  }
})
