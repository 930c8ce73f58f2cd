/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  serverExternalPackages: ['@aws-sdk/client-ec2', '@aws-sdk/client-sts'],
};

module.exports = nextConfig;
