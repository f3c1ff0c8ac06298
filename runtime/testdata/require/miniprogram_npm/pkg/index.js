module.exports = { name: 'pkg' }
