import { Suspense } from 'react';
import { LineageApp } from '@/components/LineageApp';
import { LineageAccounts } from '@/components/accounts/accounts';
import { LoadingState } from '@/components/States';

export default function HomePage() {
  return (
    <Suspense fallback={<LoadingState />}>
      <LineageAccounts>
        <LineageApp />
      </LineageAccounts>
    </Suspense>
  );
}
