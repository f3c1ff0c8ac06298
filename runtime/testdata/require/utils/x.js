export const name = 'utils/x.js'
