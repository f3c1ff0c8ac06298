// packageB: coupon list. Opened from "Me" (browse) or from checkout
// (?select=1&total=<cents>). Picking a coupon stores it in globalData and
// goes back. Subpackage pages may require main-package modules.
import { formatPrice } from '../../../utils/format.js'
import store from '../../../utils/store.js'

const api = require('../../../services/api.js')
const tinyDate = require('tiny-date')

Page({
  data: {
    loading: true,
    selectMode: false,
    total: 0,
    totalText: '',
    coupons: [],
    selectedId: ''
  },

  async onLoad(query) {
    const selectMode = query.select === '1'
    const total = query.total !== undefined ? Number(query.total) : store.total
    const { coupon } = getApp().globalData
    this.setData({
      selectMode,
      total,
      totalText: formatPrice(total),
      selectedId: coupon ? coupon.id : ''
    })
    const coupons = await api.fetchCoupons()
    const now = Date.now()
    this.setData({
      loading: false,
      coupons: coupons.map((c) => ({
        ...c,
        usable: total >= c.minSpend,
        discountText: formatPrice(c.discount),
        expires: tinyDate.format(tinyDate.addDays(now, c.expiresInDays), 'YYYY-MM-DD')
      }))
    })
    console.log(`[coupons] ${coupons.length} coupon(s), total ${formatPrice(total)}`)
  },

  /** bindtap on a coupon; dataset: {id} (e.g. "C10"). */
  onSelectCoupon(e) {
    const { id } = e.currentTarget.dataset
    const index = this.data.coupons.findIndex((c) => c.id === id)
    if (index < 0) {
      console.warn('[coupons] unknown coupon ' + id)
      return
    }
    const coupon = this.data.coupons[index]
    if (!coupon.usable) {
      console.warn(`[coupons] ${id} needs a total of ${formatPrice(coupon.minSpend)}`)
      this.setData({ [`coupons[${index}].shake`]: true })
      return
    }
    getApp().globalData.coupon = {
      id: coupon.id,
      title: coupon.title,
      discount: coupon.discount,
      minSpend: coupon.minSpend
    }
    this.setData({ selectedId: id })
    wx.navigateBack({ delta: 1 })
  }
})
