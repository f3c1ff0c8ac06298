// Checkout. Opened from the detail page (?mode=buyNow&id=&qty=&name=) or from
// the cart (?mode=cart). Prices every line again, applies the chosen coupon
// and creates the order.
import store from '../../utils/store.js'
import { formatPrice, withQuery } from '../../utils/format.js'

const api = require('../../services/api.js')
const config = require('../../config.js')

Page({
  data: {
    mode: 'cart',
    title: '',
    loading: true,
    lines: [],
    coupon: null,
    subtotal: 0,
    subtotalText: '',
    shippingText: '',
    discountText: '',
    totalText: '',
    paying: false,
    error: ''
  },

  onLoad(query) {
    const mode = query.mode === 'buyNow' ? 'buyNow' : 'cart'
    let lines
    let title
    if (mode === 'buyNow') {
      const name = decodeURIComponent(query.name || '')
      lines = [{ id: Number(query.id), qty: Math.max(1, Number(query.qty) || 1), name }]
      title = `Buy now: ${name}`
    } else {
      lines = store.snapshot().filter((line) => line.checked)
      title = `${lines.length} item(s) from your cart`
    }
    console.log(`[checkout] onLoad mode=${mode} lines=${lines.length}`)
    this.setData({ mode, title })
    this.priceLines(lines)
  },

  onShow() {
    // The coupon may have been picked in packageB/pages/coupons meanwhile.
    const { coupon } = getApp().globalData
    if (coupon !== this.data.coupon) {
      this.setData({ coupon })
      this.updateTotals()
    }
  },

  async priceLines(lines) {
    try {
      const priced = await Promise.all(
        lines.map(async (line) => {
          const product = await api.fetchProduct(line.id)
          return {
            id: product.id,
            name: product.name,
            qty: line.qty,
            price: product.price,
            priceText: formatPrice(product.price),
            lineTotalText: formatPrice(product.price * line.qty)
          }
        })
      )
      this.setData({ loading: false, lines: priced })
      this.updateTotals()
    } catch (err) {
      console.warn('[checkout] pricing failed: ' + err.message)
      this.setData({ loading: false, error: err.message })
    }
  },

  updateTotals() {
    const { lines, coupon } = this.data
    const subtotal = lines.reduce((sum, l) => sum + l.price * l.qty, 0)
    const shipping = subtotal >= config.freeShippingThreshold || lines.length === 0 ? 0 : config.shippingFee
    const discount = coupon && subtotal >= (coupon.minSpend || 0) ? coupon.discount || 0 : 0
    this.setData({
      subtotal,
      subtotalText: formatPrice(subtotal),
      shippingText: shipping ? formatPrice(shipping) : 'Free',
      discountText: discount ? formatPrice(-discount) : '',
      totalText: formatPrice(Math.max(0, subtotal + shipping - discount))
    })
  },

  /** bindtap on the coupon row; no dataset. */
  onChooseCoupon() {
    wx.navigateTo({
      url: withQuery('/packageB/pages/coupons/coupons', { select: 1, total: this.data.subtotal })
    })
  },

  /** bindtap on "Pay"; no dataset. Creates the order, then shows it. */
  async onPay() {
    if (this.data.paying || this.data.loading || this.data.lines.length === 0) return
    this.setData({ paying: true, error: '' })
    try {
      const order = await api.createOrder({
        lines: this.data.lines.map(({ id, qty }) => ({ id, qty })),
        coupon: this.data.coupon
      })
      console.log(`[checkout] order ${order.id} created, total ${formatPrice(order.total)}`)

      // Payment through the host: the login code goes to the shop's server,
      // which returns the prepay parameters; the host's payment sheet pays.
      const { code } = await wx.login()
      const pay = await api.prepay(order.id, code)
      await wx.requestPayment({
        timeStamp: pay.timeStamp,
        nonceStr: pay.nonceStr,
        package: pay.package,
        signType: 'RSA',
        paySign: pay.paySign
      })
      // A custom API of the superapp prints the receipt.
      const receipt = await wx.invokeNativePlugin({
        api_name: 'printReceipt',
        data: { orderId: order.id, total: order.total }
      })
      console.log(`[checkout] receipt ${receipt.receiptNo} printed`)
      const paid = await api.markPaid(order.id)

      if (this.data.mode === 'cart') {
        store.removeChecked()
      }
      if (paid.couponId) {
        getApp().globalData.coupon = null
      }
      wx.redirectTo({
        url: withQuery('/pages/order/order', { id: paid.id, status: paid.status })
      })
    } catch (err) {
      // wx APIs reject with {errMsg}; the fake backend throws Errors.
      const message = err.errMsg || err.message
      console.warn('[checkout] pay failed: ' + message)
      this.setData({ paying: false, error: message })
    }
  }
})
