import { Suspense } from 'react';
import { LineageApp } from '@/components/LineageApp';
import { LineageAccounts } from '@/components/accounts/accounts';
import { LoadingState } from '@/components/States';
import { earlyRequestScript, familiesUrl } from '@/lib/api/early';

interface PageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function HomePage({ searchParams }: PageProps) {
  const asOf = [(await searchParams).asOf].flat()[0] ?? null;
  return (
    <>
      <script dangerouslySetInnerHTML={{ __html: earlyRequestScript(familiesUrl(asOf, false)) }} />
      <Suspense fallback={<LoadingState />}>
        <LineageAccounts>
          <LineageApp />
        </LineageAccounts>
      </Suspense>
    </>
  );
}
