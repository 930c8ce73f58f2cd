export default function HomePage() {
  return (
    <main className="flex h-full flex-col items-center justify-center gap-3 p-8">
      <h1 className="text-2xl font-semibold tracking-tight">Lineage</h1>
      <p className="max-w-md text-center text-sm text-neutral-600 dark:text-neutral-400">
        The family tree of your EC2 instances, volumes, snapshots and AMIs.
      </p>
    </main>
  );
}
