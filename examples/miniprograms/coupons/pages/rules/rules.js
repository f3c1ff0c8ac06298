// Terms of one coupon: /pages/rules/rules?id=CC20&title=...
const { findCoupon, formatYuan } = require('../../utils/catalog.js')

Page({
  data: {
    id: '',
    title: '',
    rules: [],
    minSpendText: '',
    error: ''
  },

  onLoad(query) {
    const id = decodeURIComponent(query.id || '')
    const coupon = findCoupon(id)
    if (!coupon) {
      console.warn('[coupons/rules] unknown coupon ' + id)
      this.setData({ id, error: `Coupon ${id || '(none)'} does not exist` })
      return
    }
    this.setData({
      id,
      // The title travels in the query so the header renders before lookup.
      title: query.title ? decodeURIComponent(query.title) : coupon.title,
      rules: coupon.rules.slice(),
      minSpendText: coupon.minSpend ? `Minimum spend ${formatYuan(coupon.minSpend)}` : 'No minimum spend'
    })
  },

  /** bindtap on "Back"; no dataset. */
  onBack() {
    if (getCurrentPages().length > 1) {
      wx.navigateBack()
    } else {
      wx.reLaunch({ url: '/pages/index/index' })
    }
  }
})
