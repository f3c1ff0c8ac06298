// Home page (tabBar). Loads the feed from the fake backend, patches live
// stock with path keys and runs a short flash-sale countdown.
import { formatPrice, formatCountdown, discountLabel, badgeText } from '../../utils/format.js'
import store from '../../utils/store.js'

const api = require('../../services/api.js')
const config = require('../../config.js')

const app = getApp()
const LOW_STOCK = 5

function decorate(product) {
  return {
    ...product,
    priceText: formatPrice(product.price),
    originalPriceText: product.originalPrice > product.price ? formatPrice(product.originalPrice) : '',
    discount: discountLabel(product.price, product.originalPrice),
    soldOut: product.stock === 0,
    lowStock: product.stock > 0 && product.stock < LOW_STOCK
  }
}

Page({
  data: {
    loading: true,
    error: '',
    greeting: '',
    banner: {
      title: '',
      subtitle: '',
      link: ''
    },
    products: [],
    flashSale: {
      active: false,
      productId: 0,
      title: '',
      remaining: 0,
      text: ''
    },
    cartBadge: '',
    lastAdded: ''
  },

  async onLoad(query) {
    console.log('[index] onLoad query=' + JSON.stringify(query))
    this._flashTimer = null
    const from = query.from ? decodeURIComponent(query.from) : ''
    this.setData({
      greeting: from ? `Welcome back from ${from}` : `Welcome to ${app.globalData.appName}`
    })
    await this.loadFeed()
  },

  onShow() {
    this.setData({ cartBadge: badgeText(store.count) })
  },

  onReady() {
    console.log('[index] onReady, page stack depth ' + getCurrentPages().length)
  },

  onUnload() {
    this.stopFlashSale()
  },

  onShareAppMessage() {
    return {
      title: this.data.banner.title || app.globalData.appName,
      path: '/pages/index/index'
    }
  },

  async loadFeed() {
    try {
      const feed = await api.fetchHomeFeed()
      // A whole list in one key...
      this.setData({
        loading: false,
        error: '',
        products: feed.products.map(decorate)
      })
      // ...and single fields through path keys.
      this.setData({
        'banner.title': feed.banner.title,
        'banner.subtitle': feed.banner.subtitle,
        'banner.link': feed.banner.link
      })
      this.startFlashSale(feed.flashSale)

      const stock = await api.fetchStock(this.data.products.map((p) => p.id))
      this.applyStock(stock)
    } catch (err) {
      console.warn('[index] feed failed: ' + err.message)
      this.setData({ loading: false, error: err.message })
    }
  },

  applyStock(stock) {
    const [featured, ...rest] = this.data.products
    if (!featured) return
    const featuredStock = stock[featured.id] ?? featured.stock
    this.setData({
      'products[0].stock': featuredStock,
      'products[0].soldOut': featuredStock === 0,
      'products[0].lowStock': featuredStock > 0 && featuredStock < LOW_STOCK
    })
    if (featuredStock > 0 && featuredStock < LOW_STOCK) {
      console.warn(`[index] low stock: ${featured.name} has ${featuredStock} left`)
    }

    const patch = {}
    rest.forEach((p, i) => {
      const n = stock[p.id]
      if (n !== undefined && n !== p.stock) {
        patch[`products[${i + 1}].stock`] = n
        patch[`products[${i + 1}].soldOut`] = n === 0
        patch[`products[${i + 1}].lowStock`] = n > 0 && n < LOW_STOCK
      }
    })
    if (Object.keys(patch).length > 0) {
      this.setData(patch)
    }
  },

  startFlashSale(sale) {
    this.stopFlashSale()
    const { ticks, tickMs } = config.flashSale
    let remaining = ticks
    this.setData({
      flashSale: {
        active: true,
        productId: sale.productId,
        title: sale.title,
        remaining,
        text: formatCountdown(remaining)
      }
    })
    console.log(`[index] flash sale started: ${sale.title}`)

    this._flashTimer = setInterval(() => {
      remaining -= 1
      if (remaining > 0) {
        this.setData({
          'flashSale.remaining': remaining,
          'flashSale.text': formatCountdown(remaining)
        })
        return
      }
      this.stopFlashSale()
      this.setData({
        'flashSale.active': false,
        'flashSale.remaining': 0,
        'flashSale.text': 'ended'
      })
      console.warn('[index] flash sale ended')
    }, tickMs)
  },

  stopFlashSale() {
    if (this._flashTimer) {
      clearInterval(this._flashTimer)
      this._flashTimer = null
    }
  },

  /** bindtap on a product card (and on the flash-sale bar); dataset: {id}. */
  onTapProduct(e) {
    const { id } = e.currentTarget.dataset
    const product = this.data.products.find((p) => p.id === Number(id))
    if (!product) {
      console.warn('[index] tapped unknown product ' + id)
      return
    }
    const page = this
    wx.navigateTo({
      url: '/pages/detail/detail?id=' + id,
      events: {
        // Emitted by the detail page through getOpenerEventChannel().
        added(data) {
          console.log(`[index] detail page added ${data.qty} × ${data.name}`)
          page.setData({
            cartBadge: badgeText(data.count),
            lastAdded: data.name
          })
        }
      },
      success(res) {
        // Hand the detail page what we already know so it can render at once.
        res.eventChannel.emit('productPreview', {
          id: product.id,
          name: product.name,
          price: product.price
        })
      },
      fail(err) {
        console.warn('[index] navigateTo detail failed: ' + err.errMsg)
      }
    })
  },

  /** bindtap on the banner; no dataset. */
  onTapBanner() {
    const link = this.data.banner.link
    if (!link) return
    wx.navigateTo({ url: link }).catch((err) => {
      console.warn('[index] banner link failed: ' + err.errMsg)
    })
  },

  /** bindtap on the cart badge; no dataset. */
  onGoCart() {
    wx.switchTab({ url: '/pages/cart/cart' })
  }
})
