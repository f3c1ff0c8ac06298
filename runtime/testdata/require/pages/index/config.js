module.exports = { name: 'page config' }
