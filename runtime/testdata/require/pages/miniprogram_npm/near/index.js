module.exports = { name: 'pages near' }
