Component({
  data: { k: 'init' },
  lifetimes: {
    attached() {
      this.setData({ k: 'attached' })
      this.triggerEvent('early', { from: 'attached' })
    },
  },
})
