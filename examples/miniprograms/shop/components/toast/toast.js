// A toast the page shows through selectComponent('#toast').show(text):
// it disappears after `duration` milliseconds.
Component({
  behaviors: ['wx://component-export'],

  properties: {
    duration: { type: Number, value: 1500 }
  },

  data: { text: '', visible: false },

  lifetimes: {
    detached() {
      clearTimeout(this._timer)
    }
  },

  methods: {
    show(text) {
      clearTimeout(this._timer)
      this.setData({ text, visible: true })
      this._timer = setTimeout(() => this.setData({ visible: false }), this.data.duration)
    }
  },

  // What selectComponent('#toast') returns to the page.
  export() {
    return { show: (text) => this.show(text) }
  }
})
