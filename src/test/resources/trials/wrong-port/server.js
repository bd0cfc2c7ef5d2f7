const http = require('http');
http.createServer((req, res) => res.end('ok')).listen(4000, () => console.log('listening on 4000'));
