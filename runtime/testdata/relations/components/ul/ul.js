const log = (s) => getApp().globalData.log.push(s)
Component({
  relations: {
    '../li/li': {
      type: 'child',
      linked(target) { log('ul linked ' + target.data.name) },
      unlinked(target) { log('ul unlinked ' + target.data.name) },
    },
  },
})
