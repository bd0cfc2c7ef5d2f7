const http = require('http');
http.createServer((req, res) => { res.statusCode = req.url === '/' ? 404 : 500; res.end('nope'); }).listen(3000);
