import { inner, outer } from '../../behaviors/base'
const log = (s) => getApp().globalData.log.push(s)

Component({
  behaviors: [outer, inner, 'wx://form-field'],
  properties: {
    id: String,
    count: { type: Number, value: 1 },
    on: Boolean,
  },
  data: { shared: { from: 'component' }, own: 1 },
  lifetimes: {
    created() { log('component.created') },
    attached() { log('component.attached id=' + this.data.id) },
    ready() { log('component.ready') },
    detached() { log('component.detached') },
  },
  pageLifetimes: { show() { log('component.pageShow') }, hide() { log('component.pageHide') } },
  methods: {
    onLoad(query) { log('onLoad id=' + query.id + ' count=' + this.data.count + ' on=' + this.properties.on) },
    onShow() { log('onShow') },
    onReady() { log('onReady') },
    onUnload() { log('onUnload') },
    hello() { return 'component hello' },
    bump() { this.setData({ own: this.data.own + 1 }) },
  },
})
