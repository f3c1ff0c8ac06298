module.exports = { name: 'utils/lib/index' }
