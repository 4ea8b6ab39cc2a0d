/**
 * Before any test: with CI=true the services this suite needs must be there. A test that needs
 * PostgreSQL or Redis must not silently skip in CI.
 */
module.exports = async () => {
  if (process.env.CI === 'true') {
    const missing = ['DATABASE_URL', 'REDIS_URL'].filter((v) => !process.env[v]);
    if (missing.length) throw new Error(`CI=true but ${missing.join(' and ')} unset: the tests that need them would skip`);
  }
};
