// Benign text the request mixes are built from: ordinary questions and documents a team
// sends to an LLM. Nothing here may trip the filter or the policy — no instructions to
// ignore, no secrets, no e-mail addresses, phone or ID numbers, no long digit runs — so
// every bench request is one the gateway lets through and the numbers measure the
// allowed path, the one that costs.

export const systemPrompts: readonly string[] = [
  'You are a helpful assistant for an engineering team. Answer concisely and cite the section of the document you rely on.',
  'You are a careful technical writer. Keep answers short, use plain words, and prefer lists for steps.',
  'You are a support assistant for a logistics company. Be polite, precise and brief.',
  'You help product managers summarise customer feedback into themes with one example each.',
];

export const englishSentences: readonly string[] = [
  'Our build pipeline compiles the service, runs the unit tests and publishes a container image.',
  'The warehouse team reported that deliveries to the northern region arrive a day late on average.',
  'Please summarise the main risks of moving the reporting database to a managed service.',
  'The quarterly review showed steady growth in new accounts and a small drop in renewals.',
  'We want a short checklist for reviewing pull requests that change the public API.',
  'Customers like the new dashboard but ask for an export button and a dark theme.',
  'The migration plan moves one region at a time and keeps the old cluster as a fallback.',
  'Explain the difference between a rolling update and a blue green deployment in simple terms.',
  'The recipe calls for roasted vegetables, a light tomato sauce and fresh basil from the garden.',
  'Draft a friendly reply thanking the partner for the workshop and proposing a follow up call.',
  'The latency of the search endpoint rises when the cache is cold after a restart.',
  'List three ways to reduce the memory used by the indexing job without slowing it down.',
  'The hiking route follows the river through the valley and climbs gently to the old mill.',
  'Our style guide prefers active voice, short paragraphs and examples that readers can run.',
  'The design review agreed to keep the queue, add retries with backoff and alert on backlog.',
  'Write a short welcome note for new engineers joining the platform team next week.',
  'The library schedules background tasks with a priority queue and a fixed pool of workers.',
  'Compare two approaches to pagination and recommend one for a public listing endpoint.',
  'The support backlog shrank after the team added templates for the most common questions.',
  'Translate the release notes into plain language for customers who are not engineers.',
];

export const userQuestions: readonly string[] = [
  'What should we do first?',
  'Can you turn this into a short plan with owners?',
  'Which of these points matters most for the next release?',
  'Summarise this in five bullet points.',
  'What questions should we ask the vendor before signing?',
  'How would you explain this to a new team member?',
];

/** Korean: a product team's notes and questions (UTF-8, three bytes a syllable). */
export const koreanSentences: readonly string[] = [
  '이번 분기 회의에서는 신규 고객 증가와 갱신율 하락에 대해 논의했습니다.',
  '배포 파이프라인은 서비스를 빌드하고 단위 테스트를 실행한 뒤 컨테이너 이미지를 게시합니다.',
  '고객들은 새 대시보드를 좋아하지만 내보내기 버튼과 어두운 테마를 요청하고 있습니다.',
  '검색 기능의 지연 시간은 재시작 직후 캐시가 비어 있을 때 크게 늘어납니다.',
  '마이그레이션 계획은 한 지역씩 옮기고 기존 클러스터를 예비용으로 유지합니다.',
  '새로 합류하는 엔지니어를 위한 짧은 환영 인사를 작성해 주세요.',
  '물류팀은 북부 지역 배송이 평균적으로 하루 늦게 도착한다고 보고했습니다.',
  '공개 목록 엔드포인트에 적합한 페이지 나누기 방식을 추천해 주세요.',
  '설계 검토에서는 대기열을 유지하고 재시도와 경보를 추가하기로 합의했습니다.',
  '릴리스 노트를 엔지니어가 아닌 고객도 이해할 수 있는 쉬운 말로 바꿔 주세요.',
  '강을 따라 계곡을 지나 오래된 방앗간까지 완만하게 오르는 산책로입니다.',
  '인덱싱 작업의 메모리 사용량을 줄이는 방법 세 가지를 알려 주세요.',
];

export const koreanQuestions: readonly string[] = [
  '가장 먼저 무엇을 해야 할까요?',
  '이 내용을 다섯 개의 요점으로 정리해 주세요.',
  '다음 릴리스에 가장 중요한 점은 무엇인가요?',
];
