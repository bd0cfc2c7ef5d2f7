const http = require('http');
console.log('warming up');
setTimeout(() => {
  const server = http.createServer((req, res) => res.end('ok')).listen(Number(process.env.PORT || 3000), () => console.log('ready'));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}, 4000);
