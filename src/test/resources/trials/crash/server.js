console.log('starting');
console.error('boom: DATABASE_URL is not set');
process.exit(3);
