module.exports = { name: 'mainpkg entry' }
