// req resolves a specifier from this page's module, for the tests.
Page({
  req(spec) {
    return require(spec)
  },
})
