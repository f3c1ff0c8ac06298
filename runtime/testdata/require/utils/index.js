export const name = 'utils/index'
