const g = () => getApp().globalData

Page({
  data: { result: '' },
  onLoad(q) {
    g().query = q
    setInterval(() => { g().ticks++ }, 1000)
  },
  onUnload() { g().unloaded = true },
  result(r) { this.setData({ result: r.errMsg }) },
  openBeta() {
    wx.navigateToMiniProgram({
      appId: 'wxbeta',
      path: 'pages/index/index?from=alpha',
      extraData: { coupon: 'C1' },
      envVersion: 'develop',
      success: (r) => this.result(r),
      fail: (r) => this.result(r),
    })
  },
  openGamma() {
    wx.navigateToMiniProgram({ appId: 'wxgamma', complete: (r) => this.result(r) })
  },
  exit() {
    wx.exitMiniProgram({ complete: (r) => this.result(r) })
  },
  callPlugin() {
    wx.invokeNativePlugin({ api_name: 'wait', complete: (r) => this.result(r) })
  },
})
