// Order result. Reached with wx.redirectTo from checkout, so checkout is no
// longer on the page stack: "back" returns to whatever opened checkout.
import { formatPrice } from '../../utils/format.js'

const api = require('../../services/api.js')
const tinyDate = require('tiny-date')

Page({
  data: {
    orderId: '',
    status: '',
    loading: true,
    order: null,
    error: '',
    stack: []
  },

  async onLoad(query) {
    const orderId = decodeURIComponent(query.id || '')
    const stack = getCurrentPages().map((p) => p.route)
    console.log(`[order] onLoad id=${orderId} stack=${stack.join(' > ')}`)
    this.setData({ orderId, status: query.status || 'unknown', stack })
    if (!orderId) {
      this.setData({ loading: false, error: 'missing order id' })
      return
    }
    try {
      const order = await api.fetchOrder(orderId)
      this.setData({
        loading: false,
        status: order.status,
        order: {
          ...order,
          totalText: formatPrice(order.total),
          discountText: order.discount ? formatPrice(-order.discount) : '',
          createdText: tinyDate.format(order.createdAt, 'YYYY-MM-DD HH:mm'),
          lines: order.lines.map((l) => ({ ...l, lineTotalText: formatPrice(l.price * l.qty) }))
        }
      })
    } catch (err) {
      console.warn('[order] load failed: ' + err.message)
      this.setData({ loading: false, error: err.message })
    }
  },

  /** bindtap on "Back to home"; no dataset. */
  onBackHome() {
    wx.switchTab({ url: '/pages/index/index' })
  },

  /** bindtap on "Back"; no dataset. */
  onGoBack() {
    if (getCurrentPages().length > 1) {
      wx.navigateBack({ delta: 1 })
    } else {
      wx.reLaunch({ url: '/pages/index/index' })
    }
  }
})
