Page({
  data: { token: '', code: '', paid: '' },
  async onLoad(query) {
    const { code } = await wx.login()
    this.setData({ code, from: query.from || '' })
    const res = await wx.invokeNativePlugin({ api_name: 'getDeviceToken', data: { scope: 'push' } })
    this.setData({ token: res.token })
    try {
      await wx.requestPayment({ timeStamp: '1', nonceStr: 'n', package: 'prepay_id=1', signType: 'RSA', paySign: 's' })
      this.setData({ paid: 'yes' })
    } catch (e) {
      this.setData({ paid: e.errMsg })
    }
  },
})
