Component({
  methods: {
    fire() { this.triggerEvent('hello', { n: 1 }, { bubbles: true }) },
  },
})
