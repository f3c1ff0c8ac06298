Page({ onLoad(q) { getApp().globalData.otherQuery = q } })
