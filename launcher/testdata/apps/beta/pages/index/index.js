Page({
  data: { result: '' },
  onLoad(q) { getApp().globalData.query = q },
  back() {
    wx.navigateBackMiniProgram({ extraData: { coupon: 'C9' }, complete: (r) => this.setData({ result: r.errMsg }) })
  },
})
