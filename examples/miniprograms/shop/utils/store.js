// The cart: one shared instance for the whole app, because every page module
// that imports this file gets the same module instance.

const MAX_QTY = 99

export class CartStore {
  constructor() {
    this.items = [] // [{id, name, price, qty, checked}]
    this.listeners = new Set()
  }

  /** Number of pieces in the cart (sum of quantities). */
  get count() {
    return this.items.reduce((sum, item) => sum + item.qty, 0)
  }

  /** Total in cents of the checked items. */
  get total() {
    return this.items
      .filter((item) => item.checked)
      .reduce((sum, item) => sum + item.price * item.qty, 0)
  }

  get isEmpty() {
    return this.items.length === 0
  }

  find(id) {
    return this.items.find((item) => item.id === Number(id))
  }

  /** Adds qty pieces of product; returns the cart line. */
  add(product, qty = 1) {
    if (!product || product.id == null) {
      throw new TypeError('CartStore.add: product with an id is required')
    }
    let line = this.find(product.id)
    if (line) {
      line.qty = Math.min(MAX_QTY, line.qty + qty)
    } else {
      line = {
        id: Number(product.id),
        name: product.name,
        price: product.price,
        qty: Math.min(MAX_QTY, qty),
        checked: true
      }
      this.items.push(line)
    }
    this.emit('add', line)
    return line
  }

  /** Sets the quantity of a line; a quantity of 0 or less removes it. */
  setQty(id, qty) {
    const line = this.find(id)
    if (!line) return
    if (qty <= 0) {
      this.remove(id)
      return
    }
    line.qty = Math.min(MAX_QTY, qty)
    this.emit('update', line)
  }

  toggle(id) {
    const line = this.find(id)
    if (!line) return
    line.checked = !line.checked
    this.emit('update', line)
  }

  remove(id) {
    const before = this.items.length
    this.items = this.items.filter((item) => item.id !== Number(id))
    if (this.items.length !== before) {
      this.emit('remove', { id: Number(id) })
    }
  }

  /** Removes the checked lines (after they were ordered). */
  removeChecked() {
    this.items = this.items.filter((item) => !item.checked)
    this.emit('clear', null)
  }

  clear() {
    this.items = []
    this.emit('clear', null)
  }

  /** A copy that is safe to hand to setData. */
  snapshot() {
    return this.items.map((item) => ({ ...item }))
  }

  /** Calls fn(type, payload) on every change; returns the unsubscribe function. */
  subscribe(fn) {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  emit(type, payload) {
    for (const fn of this.listeners) {
      try {
        fn(type, payload)
      } catch (err) {
        console.error('[store] listener failed:', err && err.message)
      }
    }
  }
}

const store = new CartStore()

export default store
