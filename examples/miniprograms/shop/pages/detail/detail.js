// Product detail. Defined with Component() rather than Page(): the page query
// (?id=3) arrives in the `id` property, and in methods.onLoad(query) as usual.
import loadable from '../../behaviors/loadable.js'
import store from '../../utils/store.js'
import { formatPrice, discountLabel, badgeText, withQuery } from '../../utils/format.js'

const api = require('../../services/api.js')

const MAX_QTY = 9

Component({
  behaviors: [loadable],

  properties: {
    // From the page query: /pages/detail/detail?id=3
    id: String,
    // Optional ?from=banner; only used for logging.
    from: {
      type: String,
      value: 'list'
    }
  },

  data: {
    preview: null,
    product: null,
    priceText: '',
    discount: '',
    soldOut: false,
    qty: 1,
    addedCount: 0,
    cartBadge: ''
  },

  lifetimes: {
    attached() {
      console.log(`[detail] attached id=${this.data.id} from=${this.data.from}`)
    },
    detached() {
      console.log('[detail] detached')
    }
  },

  pageLifetimes: {
    show() {
      this.setData({ cartBadge: badgeText(store.count) })
    }
  },

  methods: {
    onLoad(query) {
      if (!this.data.id && query.id) {
        // Older base libraries only hand the query to onLoad.
        this.setData({ id: String(query.id) })
      }
      const channel = this.getOpenerEventChannel()
      if (channel && typeof channel.on === 'function') {
        channel.on('productPreview', (preview) => {
          if (this.data.product) return
          this.setData({
            preview: { ...preview, priceText: formatPrice(preview.price) }
          })
        })
      }
      this.reload()
    },

    async reload() {
      const id = this.data.id
      if (!id) {
        this.setData({ loadError: 'missing product id' })
        return
      }
      const product = await this.runLoad(() => api.fetchProduct(id))
      if (!product) return
      this.setData({
        product,
        priceText: formatPrice(product.price),
        discount: discountLabel(product.price, product.originalPrice),
        soldOut: product.stock === 0,
        qty: Math.min(this.data.qty, Math.max(1, product.stock))
      })
    },

    /** bindtap on the − / + buttons; dataset: {delta} (-1 or 1). */
    onChangeQty(e) {
      const delta = Number(e.currentTarget.dataset.delta) || 0
      const limit = Math.min(MAX_QTY, this.data.product ? this.data.product.stock : MAX_QTY)
      const qty = Math.max(1, Math.min(limit, this.data.qty + delta))
      if (qty !== this.data.qty) {
        this.setData({ qty })
      }
    },

    /** bindtap on "Add to cart"; no dataset. Tells the opener via the event channel. */
    onAddToCart() {
      const { product, qty } = this.data
      if (!product) {
        console.warn('[detail] add to cart before the product loaded')
        return
      }
      if (product.stock === 0) {
        console.warn(`[detail] ${product.name} is sold out`)
        return
      }
      store.add(product, qty)
      const count = store.count
      this.setData({
        addedCount: this.data.addedCount + qty,
        cartBadge: badgeText(count)
      })
      console.log(`[detail] added ${qty} × ${product.name}, cart has ${count}`)
      const toast = this.selectComponent('#toast')
      if (toast) toast.show(`Added ${qty} × ${product.name}`)

      const channel = this.getOpenerEventChannel()
      if (channel && typeof channel.emit === 'function') {
        channel.emit('added', { id: product.id, name: product.name, qty, count })
      }
    },

    /** bindtap on "Buy now"; no dataset. Opens checkout for this product only. */
    onBuyNow() {
      const { product, qty } = this.data
      if (!product || product.stock === 0) return
      wx.navigateTo({
        url: withQuery('/pages/checkout/checkout', {
          mode: 'buyNow',
          id: product.id,
          qty,
          name: product.name
        }),
        fail(err) {
          console.warn('[detail] navigateTo checkout failed: ' + err.errMsg)
        }
      })
    },

    /** bindtap on the cart icon; no dataset. */
    onGoCart() {
      wx.switchTab({ url: '/pages/cart/cart' })
    }
  }
})
