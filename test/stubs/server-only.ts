// Tests run server modules outside React Server Components, where 'server-only' would refuse to load.
export {};
