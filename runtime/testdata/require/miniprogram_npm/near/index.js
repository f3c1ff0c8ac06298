module.exports = { name: 'root near' }
