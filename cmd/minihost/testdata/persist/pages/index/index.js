Page({
  data: { runs: 0 },
  onLoad() {
    const runs = (wx.getStorageSync('runs') || 0) + 1
    wx.setStorageSync('runs', runs)
    this.setData({ runs })
  },
})
