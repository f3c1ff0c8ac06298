Component({
  behaviors: ['wx://component-export'],
  data: { text: '', visible: false },
  methods: {
    show(text) { this.setData({ text, visible: true }) },
  },
  export() {
    return { show: (t) => this.show(t), kind: 'toast' }
  },
})
