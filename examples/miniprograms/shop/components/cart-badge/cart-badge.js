// A cart link with a badge. Tapping it fires the "open" event, which the
// page handles (bind:open) by switching to the cart tab.
Component({
  properties: {
    // The number shown in the badge ("" hides it; "99+" is allowed).
    count: { type: String, value: '' },
    label: { type: String, value: 'Cart' }
  },

  data: { hasItems: false },

  observers: {
    count(count) {
      this.setData({ hasItems: count !== '' && count !== '0' })
    }
  },

  methods: {
    onTap() {
      this.triggerEvent('open', { count: this.data.count })
    }
  }
})
