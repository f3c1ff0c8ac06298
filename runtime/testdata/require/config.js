module.exports = { name: 'root config' }
