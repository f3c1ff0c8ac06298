// Cart (tabBar). Mirrors utils/store.js; every change goes through the store
// and comes back through the subscription.
import store from '../../utils/store.js'
import { formatPrice } from '../../utils/format.js'

const config = require('../../config.js')

Page({
  data: {
    lines: [],
    count: 0,
    empty: true,
    allChecked: false,
    totalText: formatPrice(0),
    freeShippingHint: ''
  },

  onLoad() {
    this._unsubscribe = store.subscribe((type) => {
      console.log('[cart] store changed: ' + type)
      this.refresh()
    })
    this.refresh()
  },

  onShow() {
    this.refresh()
  },

  onUnload() {
    if (this._unsubscribe) {
      this._unsubscribe()
      this._unsubscribe = null
    }
  },

  refresh() {
    const lines = store.snapshot().map((line) => ({
      ...line,
      priceText: formatPrice(line.price),
      lineTotalText: formatPrice(line.price * line.qty)
    }))
    const total = store.total
    const missing = config.freeShippingThreshold - total
    this.setData({
      lines,
      count: store.count,
      empty: lines.length === 0,
      allChecked: lines.length > 0 && lines.every((l) => l.checked),
      totalText: formatPrice(total),
      freeShippingHint: total > 0 && missing > 0 ? `Add ${formatPrice(missing)} more for free shipping` : ''
    })
  },

  /** bindtap on − / +; dataset: {id, delta}. */
  onChangeQty(e) {
    const { id, delta } = e.currentTarget.dataset
    const line = store.find(id)
    if (!line) return
    store.setQty(id, line.qty + Number(delta))
  },

  /** bindtap on a line's checkbox; dataset: {id}. */
  onToggle(e) {
    store.toggle(e.currentTarget.dataset.id)
  },

  /** bindtap on "Remove"; dataset: {id}. */
  onRemove(e) {
    store.remove(e.currentTarget.dataset.id)
  },

  /** bindtap on "Checkout"; no dataset. */
  onCheckout() {
    if (store.total === 0) {
      console.warn('[cart] nothing selected for checkout')
      return
    }
    wx.navigateTo({ url: '/pages/checkout/checkout?mode=cart' })
  },

  /** bindtap on "Go shopping" (shown when the cart is empty); no dataset. */
  onGoShopping() {
    wx.switchTab({
      url: '/pages/index/index',
      success() {
        console.log('[cart] switched to home')
      }
    })
  }
})
