const log = (s) => getApp().globalData.log.push(s)
Component({
  properties: { name: String },
  relations: {
    '../ul/ul': {
      type: 'parent',
      linked() { log('li linked ' + this.data.name) },
    },
  },
})
