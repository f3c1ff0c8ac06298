Component({
  externalClasses: ['tag-class'],
  options: { virtualHost: true, pureDataPattern: /^_/ },
  data: { shown: 'x', _secret: 'hidden' },
  pageLifetimes: { resize(size) { getApp().globalData.log.push('tag resize ' + size.windowWidth) } },
})
