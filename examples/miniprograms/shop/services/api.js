// A fake backend. Every call waits like a network round trip would and then
// resolves with copies of the canned data, so pages can mutate what they get.
// TODO: switch to wx.request against config.apiBase once the host supports it.

const mock = require('./mock-data.js')
const config = require('../config.js')

let nextOrderSeq = 1000
const orders = new Map()

/** Resolves after ms milliseconds. */
export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms))
}

function latency() {
  return sleep(config.mockLatencyMs)
}

function clone(value) {
  return JSON.parse(JSON.stringify(value))
}

/** Raised for backend errors; code mirrors what the real API would send. */
export class ApiError extends Error {
  constructor(code, message) {
    super(message)
    this.name = 'ApiError'
    this.code = code
  }
}

/** Home feed: banner, the product list and the running flash sale. */
export async function fetchHomeFeed() {
  await latency()
  return {
    banner: clone(mock.banner),
    products: clone(mock.products),
    flashSale: { productId: 3, title: 'Flash sale: beans at ¥68' }
  }
}

/** Live stock levels, keyed by product id. */
export async function fetchStock(ids) {
  await latency()
  const result = {}
  for (const id of ids) {
    result[id] = mock.liveStock[id] ?? 0
  }
  return result
}

export async function fetchProduct(id) {
  await latency()
  const product = mock.products.find((p) => p.id === Number(id))
  if (!product) {
    throw new ApiError(404, `product ${id} not found`)
  }
  return { ...clone(product), stock: mock.liveStock[product.id] ?? product.stock }
}

export async function fetchCoupons() {
  await latency()
  return clone(mock.coupons)
}

// Coupons issued by the coupon center mini program carry this id prefix; the
// backend honours them as sent (a real one would verify them server-side).
const PARTNER_COUPON_PREFIX = 'CC'

function resolveCoupon(coupon) {
  if (!coupon || !coupon.id) return null
  const own = mock.coupons.find((c) => c.id === coupon.id)
  if (own) return own
  if (String(coupon.id).startsWith(PARTNER_COUPON_PREFIX)) {
    return { id: coupon.id, discount: Number(coupon.discount) || 0, minSpend: Number(coupon.minSpend) || 0 }
  }
  return null
}

/**
 * Creates an order from lines [{id, qty}] and an optional coupon
 * ({id, discount, minSpend}, as kept in globalData.coupon).
 * Resolves with {id, lines, subtotal, discount, shipping, total, couponId, status, createdAt}.
 */
export async function createOrder({ lines, coupon = null }) {
  await latency()
  if (!Array.isArray(lines) || lines.length === 0) {
    throw new ApiError(400, 'order has no lines')
  }
  const priced = lines.map(({ id, qty }) => {
    const product = mock.products.find((p) => p.id === Number(id))
    if (!product) throw new ApiError(404, `product ${id} not found`)
    const stock = mock.liveStock[product.id] ?? product.stock
    if (stock < qty) throw new ApiError(409, `only ${stock} of product ${id} left`)
    return { id: product.id, name: product.name, price: product.price, qty }
  })
  // Reserve the stock; the fake backend never releases it.
  for (const line of priced) {
    mock.liveStock[line.id] = (mock.liveStock[line.id] ?? 0) - line.qty
  }
  const subtotal = priced.reduce((sum, l) => sum + l.price * l.qty, 0)
  const applied = resolveCoupon(coupon)
  const discount = applied && subtotal >= applied.minSpend ? applied.discount : 0
  const shipping = subtotal >= config.freeShippingThreshold ? 0 : config.shippingFee
  const order = {
    id: 'SO' + nextOrderSeq++,
    lines: priced,
    subtotal,
    discount,
    shipping,
    total: Math.max(0, subtotal - discount + shipping),
    couponId: discount > 0 ? applied.id : null,
    status: 'unpaid',
    createdAt: Date.now()
  }
  orders.set(order.id, order)
  return clone(order)
}

/** Marks an order paid. Stand-in for the server-side payment notification. */
/**
 * Asks the shop's server for the parameters of wx.requestPayment, given the
 * order and the login code from wx.login.
 */
export async function prepay(orderId, code) {
  await sleep(50)
  if (!code) throw new ApiError('prepay needs a login code', 401)
  return {
    timeStamp: String(Math.floor(Date.now() / 1000)),
    nonceStr: 'n' + orderId,
    package: 'prepay_id=' + orderId,
    paySign: 'sig-' + orderId + '-' + code
  }
}

export async function markPaid(orderId) {
  await latency()
  const order = orders.get(orderId)
  if (!order) throw new ApiError(404, `order ${orderId} not found`)
  order.status = 'paid'
  return clone(order)
}

export async function fetchOrder(orderId) {
  await latency()
  const order = orders.get(orderId)
  if (!order) throw new ApiError(404, `order ${orderId} not found`)
  return clone(order)
}
