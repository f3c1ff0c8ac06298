Page({
  data: { items: ['a', 'b', 'c'] },
  count() { return this.selectComponent('#ul').getRelationNodes('../li/li').length },
  drop() { this.setData({ items: ['a', 'c'] }) },
})
