Page({
  onLoad() {
    const user = null
    this.setData({ name: user.name })
  },
})
